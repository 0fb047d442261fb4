// The window's capture: export it as JSON Lines, clear it, import a capture file into a panel of its own.
import * as vscode from 'vscode';
import { Capture } from '../../collector/capture';
import { exportCapture } from '../inspector/export';
import { Inspectors } from '../inspector/inspectors';

export function registerCaptureCommands(capture: Capture, inspectors: Inspectors): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('zeromq.capture.export', (target?: vscode.Uri) => exportCapture(capture, target)),
    vscode.commands.registerCommand('zeromq.capture.clear', () => capture.clear()),
    vscode.commands.registerCommand('zeromq.capture.import', (uri?: vscode.Uri) => inspectors.importFile(uri)),
  ];
}
