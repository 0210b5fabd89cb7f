// Console door: the web console's static files and settings at /console, GraphiQL and the dev
// sign-in in development only (docs/console.md). It adds no data route: the page uses /graphql.
export { createConsoleRoutes, CONSOLE_PATH, GRAPHIQL_PATH, type ConsoleRoutes, type ConsoleSettings } from "./consoleRoutes";
