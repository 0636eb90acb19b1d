#!/usr/bin/env node
'use strict';
// The operator CLI's entry (package.json "bin"). It runs the TypeScript source through tsx's
// require hook, so it works straight after `npm ci` with no build step; see src/cli/main.ts.
const { register } = require('tsx/cjs/api');

// The SDK's notice that its 2027 releases need Node 22 would precede every command's output and
// break scripts that read stderr; operators who want it can set the variable to 'false'.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
require('../src/cli/main.ts').run();
