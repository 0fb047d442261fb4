// CURVE: make the window's key pair, copy its public key for programs that connect.
import * as vscode from 'vscode';
import { CurveKeys } from '../curve';

export function registerCurveCommands(curve: CurveKeys): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('zeromq.curve.generateKeyPair', () => curve.generate()),
    vscode.commands.registerCommand('zeromq.curve.copyPublicKey', () => curve.copyPublicKey()),
  ];
}
