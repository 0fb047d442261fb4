// The inspector webview's page, shared by the extension host and the test harness so that both
// run the bundle under the same Content Security Policy: nothing inline, the script by nonce,
// styles, fonts and images only from the webview's own resource origin.

export interface InspectorPage {
  /** webview.cspSource in VS Code; the harness server's origin in tests. */
  cspSource: string;
  /** A fresh random value per page load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The page title; "ZeroMQ Inspector" by default. */
  title?: string;
}

export function inspectorHtml(page: InspectorPage): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${page.nonce}'`,
    `style-src ${page.cspSource}`,
    `font-src ${page.cspSource}`,
    `img-src ${page.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${page.styleUri}" id="vscode-codicon-stylesheet">
<title>${page.title ?? 'ZeroMQ Inspector'}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${page.nonce}" src="${page.scriptUri}"></script>
</body>
</html>`;
}
