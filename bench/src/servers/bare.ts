// The reference target: a bare Fastify route answering small JSON through a response schema.
// Every other figure is reported as a ratio to this one, measured in the same run.
import Fastify from 'fastify';
import { Type } from 'typebox';
import { listenAndAnnounce } from './lifecycle.ts';

const Bare = Type.Object({ text: Type.String(), instance: Type.String() });
const body = { text: 'hello', instance: `bare-${process.pid}` };

const app = Fastify({ logger: false });
app.get('/bare', { schema: { response: { 200: Bare } } }, async () => body);
await listenAndAnnounce(app, 'bare');
