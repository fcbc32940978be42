// `npm run bench`: every benchmark in turn (each prints its own table). Add yours below.
import { runBrokerBench } from "./broker";
import { runEndToEndBench } from "./endToEnd";
import { runProducerBench } from "./producer";

async function main(): Promise<void> {
  await runBrokerBench();
  await runProducerBench();
  await runEndToEndBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
