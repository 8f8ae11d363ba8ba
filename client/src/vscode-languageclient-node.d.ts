// tsconfig.json uses "moduleResolution": "node", which ignores package.json "exports", and
// vscode-languageclient@11 exposes its Node entry point only through "exports". This maps the
// import for the type checker; esbuild follows "exports" and bundles the real module.
// Delete this file once tsconfig moves to "moduleResolution": "node16" (or "bundler").
declare module 'vscode-languageclient/node' {
  export * from 'vscode-languageclient/lib/node/main';
}
