#!/usr/bin/env node
// The CLI is TypeScript on the same core as the studio; tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
