/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

// Go embeds frontend/dist with //go:embed all:dist, which needs the folder (kept in git
// by dist/.gitkeep) to exist; Vite empties dist on every build, so put the marker back.
function keepGitkeep(): Plugin {
  return {
    name: 'keep-dist-gitkeep',
    apply: 'build',
    closeBundle() {
      const dist = fileURLToPath(new URL('./dist/', import.meta.url));
      mkdirSync(dist, { recursive: true });
      writeFileSync(dist + '.gitkeep', '');
    },
  };
}

// The window's Content-Security-Policy: only the app's own scripts run, nothing is fetched
// from elsewhere, and no page can be framed or posted anywhere. Styles allow inline
// because Mantine writes its CSS variables in <style> tags and style attributes; images
// and the letter preview allow data: and blob: URLs the app makes itself. Added to the
// built page only: the Vite dev server (wails dev) injects an inline script of its own.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "frame-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurity(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}" />`,
      );
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [react(), keepGitkeep(), contentSecurity()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // jsdom with Mantine is slow on a loaded two-core machine; a test is judged by
    // what it asserts, never by its time.
    testTimeout: 30000,
    // Vitest's default leaves one core to its main process, which mostly waits: on a
    // two-core machine that is one worker, and the suite took twice as long as it needs.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The process zone far from the practice's (America/Chicago in the tests): code that
    // takes "today" from the computer's clock then fails on every run, not only at night.
    // `make test TEST_TZ=...` picks another zone.
    env: { TZ: process.env.TEST_TZ || 'Pacific/Kiritimati' },
  },
});
