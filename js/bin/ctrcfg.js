#!/usr/bin/env node
// `npx ctrcfg`: the command line of the native binary (the same flags, output and exit
// statuses), run in Node from the package's wasm over Node's files and streams.
'use strict';
const fs = require('node:fs');
const { run } = require('../node/ctrcfg.js');

const host = {
  readFile: (path) => fs.readFileSync(path),
  readStdin: () => fs.readFileSync(0),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isSymlink: (path) => {
    try {
      return fs.lstatSync(path).isSymbolicLink();
    } catch {
      return false;
    }
  },
  createDirAll: (path) => fs.mkdirSync(path, { recursive: true }),
  writeFile: (path, contents) => fs.writeFileSync(path, contents),
  // A link to a file is a file; one to a directory is not walked (it could loop), as natively.
  readDir: (path) => fs.readdirSync(path, { withFileTypes: true }).map((e) => {
    let kind = e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other';
    if (e.isSymbolicLink()) {
      try {
        kind = fs.statSync(`${path}/${e.name}`).isFile() ? 'file' : 'other';
      } catch {
        kind = 'other';
      }
    }
    return { name: e.name, kind };
  }),
};

// exitCode rather than exit(): Node flushes what stdout and stderr still hold first.
process.exitCode = run(process.argv.slice(2), host);
