// Vite (vitest) imports a file's text with the `?raw` suffix; tests use it.
declare module '*?raw' {
  const source: string;
  export default source;
}
