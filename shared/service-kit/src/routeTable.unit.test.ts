import express, { Router } from 'express';
import { routeTable } from './routeTable';

describe('routeTable', () => {
  it('lists every route with its method, mount paths included, in mount order', () => {
    const app = express();
    const admin = Router();
    const modes = Router();
    modes.get('/modes', (_req, res) => void res.end());
    modes.put('/modes/:env', (_req, res) => void res.end());
    admin.use((_req, _res, next) => next());
    admin.use(modes);
    admin.post('/secrets/:env/rotate', (_req, res) => void res.end());
    app.get('/health', (_req, res) => void res.end());
    app.use('/admin', admin);
    app.route('/tokens/:token').get((_req, res) => void res.end()).delete((_req, res) => void res.end());
    app.all('/echo', (_req, res) => void res.end());

    expect(routeTable(app)).toEqual([
      { method: 'get', path: '/health' },
      { method: 'get', path: '/admin/modes' },
      { method: 'put', path: '/admin/modes/:env' },
      { method: 'post', path: '/admin/secrets/:env/rotate' },
      { method: 'get', path: '/tokens/:token' },
      { method: 'delete', path: '/tokens/:token' },
      { method: 'all', path: '/echo' },
    ]);
  });
});
