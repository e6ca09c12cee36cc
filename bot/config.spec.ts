import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_LOCAL_USER, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('no credentials → LOCAL mode on 127.0.0.1 whatever HOST says, defaults filled', () => {
    const c = loadConfig({ HOST: '0.0.0.0' });
    expect(c).toMatchObject({ mode: 'local', host: '127.0.0.1', port: 3978, credentials: null, localUser: DEFAULT_LOCAL_USER, etlToken: null, logLevel: 'info' });
  });

  it('all three credentials → production mode on HOST', () => {
    const c = loadConfig({ CLIENT_ID: 'id', CLIENT_SECRET: 'secret', TENANT_ID: 'tenant', HOST: '0.0.0.0', PORT: '8080' });
    expect(c.mode).toBe('production');
    expect(c.host).toBe('0.0.0.0');
    expect(c.port).toBe(8080);
    expect(c.credentials).toEqual({ clientId: 'id', clientSecret: 'secret', tenantId: 'tenant' });
  });

  it('blank values count as unset', () => {
    expect(loadConfig({ CLIENT_ID: '', CLIENT_SECRET: ' ', TENANT_ID: '', ETL_TOKEN: '' }).mode).toBe('local');
  });

  it('partial credentials → a clear error naming what is missing', () => {
    expect(() => loadConfig({ CLIENT_ID: 'id' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLIENT_ID: 'id' })).toThrow(/CLIENT_ID set but CLIENT_SECRET, TENANT_ID missing/);
  });

  it.each([
    [{ PORT: 'abc' }, /invalid PORT/],
    [{ PORT: '70000' }, /invalid PORT/],
    [{ LOG_LEVEL: 'loud' }, /invalid LOG_LEVEL/],
    [{ SAV_LOCAL_USER: 'not-an-email' }, /invalid SAV_LOCAL_USER/],
    [{ ETL_TOKEN: 'short' }, /invalid ETL_TOKEN: must be at least 16/],
  ])('bad value %j → one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a secret', () => {
    try {
      loadConfig({ ETL_TOKEN: 'tiny-secret' });
      expect.unreachable();
    } catch (e) {
      expect(String(e)).not.toContain('tiny-secret');
    }
  });
});
