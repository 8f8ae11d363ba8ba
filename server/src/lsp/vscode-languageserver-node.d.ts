// tsconfig.json uses "moduleResolution": "node", which ignores package.json "exports", and
// vscode-languageserver@10 / vscode-jsonrpc@10 expose their entry points only through
// "exports". This maps the imports for the type checker; Node's require and esbuild follow
// "exports" and load the real modules. Delete this file once tsconfig moves to
// "moduleResolution": "node16" (or "bundler"), like client/src/vscode-languageclient-node.d.ts.
declare module 'vscode-languageserver' {
  export * from 'vscode-languageserver/lib/common/api';
}
declare module 'vscode-languageserver/node' {
  export * from 'vscode-languageserver/lib/node/main';
}
declare module 'vscode-jsonrpc/node' {
  export * from 'vscode-jsonrpc/lib/node/main';
}
declare module 'vscode-languageserver-protocol' {
  export * from 'vscode-languageserver-protocol/lib/common/api';
}
declare module 'vscode-languageserver-protocol/node' {
  export * from 'vscode-languageserver-protocol/lib/node/main';
}
declare module 'vscode-jsonrpc' {
  export * from 'vscode-jsonrpc/lib/common/api';
}
