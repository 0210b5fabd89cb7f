// Module shapes the bundler resolves: stylesheets (Vite injects them), and the one react-dom
// entry GraphiQL's page uses (react-dom ships no types; @types/react-dom is not installed).
declare module "*.css";
declare module "react-dom/client" {
  export function createRoot(container: Element): { render(node: unknown): void };
}
