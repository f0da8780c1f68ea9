// The backend of the raw hop: plain Fastify, the same input and output schemas as the kernel's
// contract, so the only difference from the kernel hop is the kernel itself.
import Fastify from 'fastify';
import { EchoInput, EchoOutput } from '../contract.ts';
import { listenAndAnnounce } from './lifecycle.ts';

const instance = `raw-${process.pid}`;
const app = Fastify({ logger: false });
app.post<{ Body: { text: string } }>('/echo', { schema: { body: EchoInput, response: { 200: EchoOutput } } }, async (request) => ({
  text: request.body.text,
  instance,
}));
await listenAndAnnounce(app, 'raw-backend');
