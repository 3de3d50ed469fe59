import { main } from './main.ts';

// Dawn keeps native handles alive after the work is done; exit explicitly with the status.
process.exit(await main(process.argv.slice(2)));
