import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The console is served by the server at /admin (server/src/app.ts serves admin/dist there, with a
 * fallback to index.html). `npm run dev -w admin` serves it with hot reload and forwards /graphql
 * (HTTP and WebSocket) to a server on API_URL, by default http://localhost:4000.
 */
const api = process.env.API_URL ?? 'http://localhost:4000';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    port: Number(process.env.ADMIN_DEV_PORT ?? 5173),
    proxy: {
      '/graphql': { target: api, changeOrigin: true, ws: true },
    },
  },
});
