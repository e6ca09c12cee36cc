import { describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY_SETTINGS, surveySettings } from './settings.ts';

describe('survey settings', () => {
  it('fills the defaults and trims the base URL', () => {
    expect(surveySettings({ formBaseUrl: 'https://sav.example.com/' })).toEqual({ channel: 'web', schedule: {}, skipIfSurveyedWithinDays: 90, formBaseUrl: 'https://sav.example.com' });
    expect(surveySettings({ channel: 'sms' })).toMatchObject({ channel: 'sms', formBaseUrl: null });
    expect(surveySettings(DEFAULT_SURVEY_SETTINGS)).toEqual(DEFAULT_SURVEY_SETTINGS);
  });

  it('refuses a bad configuration with the field named', () => {
    expect(() => surveySettings({ channel: 'web' })).toThrow(/formBaseUrl.*web/);
    expect(() => surveySettings({ channel: 'fax' })).toThrow(/channel/);
    expect(() => surveySettings({ channel: 'web', formBaseUrl: 'ftp://x' })).toThrow(/formBaseUrl/);
    expect(() => surveySettings({ channel: 'sms', skipIfSurveyedWithinDays: -1 })).toThrow(/skipIfSurveyedWithinDays/);
    expect(() => surveySettings({ channel: 'sms', schedule: { from: '21:00', to: '08:00' } })).toThrow(/schedule/);
  });
});
