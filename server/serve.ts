// Runs the hub directly (`node server/serve.ts [--port P] …`), the same as `zvit hub …`; the
// process tests and the benchmark start it this way.
import { hubMain } from './cli.ts';

process.exitCode = await hubMain(process.argv.slice(2));
