import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

// Where `npm run dev` forwards /api (WebSocket and HTTP): a locally running exchange.
const apiTarget = process.env.EXCHANGE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [tailwindcss(), sveltekit()],
  resolve: {
    // @exchange/schema is a symlinked local package without node_modules of its own:
    // resolve its imports (@bufbuild/protobuf) from here, and keep a single copy.
    dedupe: ['@bufbuild/protobuf'],
  },
  server: {
    // /docs bundles ../docs/*.md and ../clients/python/README.md (src/lib/docs.ts).
    fs: { allow: ['../schema-js', '../docs', '../clients/python/README.md'] },
    proxy: { '/api': { target: apiTarget, ws: true, changeOrigin: true } },
  },
  build: {
    chunkSizeWarningLimit: 1024,
  },
  test: {
    projects: [
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { dedupe: ['@bufbuild/protobuf'] },
        test: {
          name: 'browser',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
