import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from './errors';
import type { AppEnv } from './env';
import { authSecret } from './identity';
import { jsonOnly, limitBody, requestLog, securityHeaders, storefrontCors } from './middleware';
import { adminRoutes } from './routes/admin';
import { clientRoutes } from './routes/client';
import { customerRoutes } from './routes/customer';
import { demoRoutes } from './routes/demo';
import { referenceRoutes } from './routes/reference';
import { liveRoutes } from './routes/live';

export { ChatSession } from './session/ChatSession';
export { ClientInbox } from './inbox/ClientInbox';

const app = new Hono<AppEnv>();

app.use(requestLog, ...securityHeaders, storefrontCors);
app.use('/message/*', async (c, next) => {
  authSecret(c.env);
  await next();
});
app.post('*', jsonOnly, limitBody);

const routes = app
  .route('/message/customer', customerRoutes)
  .route('/message/client', clientRoutes)
  .route('/message', liveRoutes)
  .route('/admin', adminRoutes)
  .route('/', referenceRoutes)
  .route('/demo', demoRoutes);

app.notFound((c) => {
  const error = { code: 'not_found', message: `No endpoint ${c.req.method} ${c.req.path}.` };
  return c.json({ status: false, error }, 404);
});

app.onError((err, c) => {
  if (err instanceof ApiError) {
    if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
    return c.json({ status: false, error: err.toBody() }, err.status);
  }
  // Hono's own refusals, such as JSON that does not parse, are the caller's mistakes.
  if (err instanceof HTTPException && err.status < 500) {
    const error = { code: 'invalid_request', message: err.message || 'The request is invalid.' };
    return c.json({ status: false, error }, err.status);
  }

  const requestId = c.get('requestId');
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  console.error(JSON.stringify({ level: 'error', requestId, error: detail }));
  const error = { code: 'internal', message: 'Something went wrong on our side.' };
  return c.json({ status: false, error }, 500);
});

/** The app's route types, for a typed client (`hc<AppType>`). */
export type AppType = typeof routes;

export default app;
