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

describe('loadConfig: SMS and survey settings', () => {
  const SID = 'AC' + '0123456789abcdef'.repeat(2);
  const TWILIO = { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'twilio-secret-token-0123456789', TWILIO_FROM: '+33700000000', PUBLIC_BASE_URL: 'https://sav.example.com/' };
  const AZURE = { CLIENT_ID: 'id', CLIENT_SECRET: 'secret', TENANT_ID: 'tenant' };

  it('no Twilio credentials → the local simulator; the survey on (LOCAL mode) with the documented defaults', () => {
    const c = loadConfig({});
    expect(c.sms).toEqual({ mode: 'simulator', accountSid: null, authToken: null, from: null, messagingServiceSid: null, ratePerSec: 10, publicBaseUrl: null });
    expect(c.survey).toEqual({
      enabled: true,
      settings: {
        channel: 'web',
        schedule: { sendAfterDays: 2, reminderAfterDays: 7, closeAfterDays: 14, from: '08:00', to: '20:00' },
        skipIfSurveyedWithinDays: 90,
        // LOCAL mode: the web form on the loopback server
        formBaseUrl: 'http://127.0.0.1:3978',
      },
      scanCron: '*/10 * * * *',
      monthlyCron: '0 8 1 * *',
      reportDir: 'data/reports',
    });
  });

  it('Twilio credentials → twilio mode; PUBLIC_BASE_URL without its trailing slash; French numbers normalised', () => {
    const c = loadConfig({ ...TWILIO, TWILIO_FROM: '07 00 00 00 00', TWILIO_RATE_PER_SEC: '1', SURVEY_CHANNEL: 'sms', SURVEY_HOURS: '09:00 - 19:30', SURVEY_SEND_AFTER_DAYS: '3', SURVEY_SKIP_DAYS: '30' });
    expect(c.sms).toEqual({ mode: 'twilio', accountSid: SID, authToken: 'twilio-secret-token-0123456789', from: '+33700000000', messagingServiceSid: null, ratePerSec: 1, publicBaseUrl: 'https://sav.example.com' });
    expect(c.survey?.settings).toMatchObject({ channel: 'sms', schedule: { sendAfterDays: 3, from: '09:00', to: '19:30' }, skipIfSurveyedWithinDays: 30, formBaseUrl: 'https://sav.example.com' });
    // a Messaging Service instead of a number; an alphanumeric sender id
    expect(loadConfig({ ...TWILIO, TWILIO_FROM: '', TWILIO_MESSAGING_SERVICE_SID: 'MG' + 'a'.repeat(32) }).sms?.messagingServiceSid).toBe('MG' + 'a'.repeat(32));
    expect(loadConfig({ ...TWILIO, TWILIO_FROM: 'DURET' }).sms?.from).toBe('DURET');
  });

  it('production: the survey is on with Twilio, off without it, and asking for it without Twilio is an error', () => {
    expect(loadConfig({ ...AZURE, ...TWILIO }).survey?.enabled).toBe(true);
    expect(loadConfig(AZURE).survey?.enabled).toBe(false);
    expect(() => loadConfig({ ...AZURE, SURVEY_ENABLED: 'true' })).toThrow(/SURVEY_ENABLED=true in production needs Twilio/);
    expect(loadConfig({ ...AZURE, SURVEY_ENABLED: 'false' }).survey?.enabled).toBe(false);
  });

  it.each([
    [{ TWILIO_ACCOUNT_SID: SID }, /partial Twilio credentials: TWILIO_ACCOUNT_SID set but TWILIO_AUTH_TOKEN missing/],
    [{ ...TWILIO, TWILIO_FROM: '' }, /TWILIO_FROM .* or TWILIO_MESSAGING_SERVICE_SID/],
    [{ ...TWILIO, PUBLIC_BASE_URL: '' }, /needs PUBLIC_BASE_URL/],
    [{ ...TWILIO, TWILIO_ACCOUNT_SID: 'AC123' }, /invalid TWILIO_ACCOUNT_SID: must be an account SID/],
    [{ ...TWILIO, TWILIO_FROM: 'not a number!' }, /invalid TWILIO_FROM/],
    [{ ...TWILIO, TWILIO_MESSAGING_SERVICE_SID: 'MG1' }, /invalid TWILIO_MESSAGING_SERVICE_SID/],
    [{ TWILIO_RATE_PER_SEC: '0' }, /invalid TWILIO_RATE_PER_SEC/],
    [{ TWILIO_RATE_PER_SEC: 'fast' }, /invalid TWILIO_RATE_PER_SEC/],
    [{ PUBLIC_BASE_URL: 'sav.example.com' }, /invalid PUBLIC_BASE_URL: must be an absolute http\(s\) URL/],
    [{ PUBLIC_BASE_URL: 'ftp://sav.example.com' }, /invalid PUBLIC_BASE_URL/],
    [{ PUBLIC_BASE_URL: 'https://sav.example.com/?x=1' }, /invalid PUBLIC_BASE_URL: must not have a query/],
    [{ SURVEY_CHANNEL: 'email' }, /invalid SURVEY_CHANNEL: must be sms or web/],
    [{ SURVEY_HOURS: '20:00-08:00' }, /invalid SURVEY_HOURS/],
    [{ SURVEY_HOURS: '8h-20h' }, /invalid SURVEY_HOURS/],
    [{ SURVEY_SEND_AFTER_DAYS: '-1' }, /invalid SURVEY_SEND_AFTER_DAYS/],
    [{ SURVEY_SKIP_DAYS: 'x' }, /invalid SURVEY_SKIP_DAYS/],
    [{ SURVEY_SCAN_CRON: 'often' }, /invalid SURVEY_SCAN_CRON/],
    [{ SURVEY_ENABLED: 'maybe' }, /invalid SURVEY_ENABLED/],
    [{ ...AZURE, ...TWILIO, PUBLIC_BASE_URL: '', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', SURVEY_ENABLED: 'true' }, /SURVEY_ENABLED=true in production needs Twilio/],
  ])('bad SMS/survey setting %j → one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes the Twilio auth token', () => {
    try {
      loadConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'short' });
      expect.unreachable();
    } catch (e) {
      expect(String(e)).toMatch(/invalid TWILIO_AUTH_TOKEN/);
      expect(String(e)).not.toContain('short');
    }
  });
});
