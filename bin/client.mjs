#!/usr/bin/env node
// `npm run client`: regenerates clients/typescript/ (the OpenAPI document and its types).
import { register } from 'tsx/esm/api';

register();
await import('../clients/typescript/generate.ts');
