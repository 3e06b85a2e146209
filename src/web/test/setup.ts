// Set-up of the `web` test project (jsdom): Testing Library's DOM matchers on `expect`, a clean
// document, network stub and CSRF token after every test, and the browser APIs jsdom lacks.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { setCsrfToken } from '../lib/api.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

// jsdom implements neither; the app calls them after navigation and to bring a form into view.
window.scrollTo = () => {};
Element.prototype.scrollIntoView ??= () => {};
