/// <reference types="vitest/config" />
import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

const gateway = process.env.SAGASHOP_GATEWAY_URL ?? 'http://localhost:8080';

// The browser talks to this server only; /api is forwarded to the gateway server-to-server.
// The Origin header is dropped on the way, because for the gateway this is not a cross-origin
// call and its CORS check should not depend on which port the web server happens to use.
const api: Record<string, ProxyOptions> = {
  '/api': {
    target: gateway,
    changeOrigin: true,
    configure: (proxy) => {
      proxy.on('proxyReq', (request) => request.removeHeader('origin'));
    },
  },
};

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true, proxy: api },
  preview: { port: 5173, strictPort: true, proxy: api },
  build: { outDir: 'dist', sourcemap: true },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
