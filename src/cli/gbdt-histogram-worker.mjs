// Worker threads do not inherit the tsx loader the CLI registers on its main thread, so the
// worker registers it itself before loading the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./gbdt-histogram-worker.ts');
