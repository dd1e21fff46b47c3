// Serves an in-memory PGlite with TimescaleDB built in over the PostgreSQL wire protocol, for
// Footfall's storage tests. Usage: node server.mjs [port]   (port 0 or none: any free port).
// Prints "listening <host> <port>" once clients may connect; stops on SIGTERM/SIGINT or when
// stdin closes, so a test JVM that dies does not leave it running.
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const port = Number(process.argv[2] ?? 0);
const db = await PGlite.create({ extensions: { timescaledb } });
// The engine runs one session for every client, and its default logs debug chatter to each.
await db.exec('SET client_min_messages TO warning');
// Each test connection waits its turn: the engine serves one at a time.
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, connectionQueueTimeout: 120000 });
server.addEventListener('listening', (event) => {
  const { host, port: bound } = event.detail ?? {};
  console.log(`listening ${host ?? '127.0.0.1'} ${bound ?? server.server?.address()?.port}`);
});
await server.start();

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
