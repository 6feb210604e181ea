import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts?(x)'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
