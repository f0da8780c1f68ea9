// The gateway: the edge of the mall. For now it serves the landing page next to the kernel's probes;
// the public REST API, authentication and rate limits arrive with the identity and gateway issue.
import { defineService } from '@mall/platform/runtime';
import { landingPage } from './landing.ts';

export default defineService({
  name: 'gateway',
  http: (app) => {
    app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(landingPage));
  },
});
