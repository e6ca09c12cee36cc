import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,bot,cli,cards,appPackage,test,scripts}/**/*.spec.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
