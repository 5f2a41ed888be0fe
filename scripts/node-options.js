/**
 * The Node.js options Uptake's server runs with: `npm start` uses them, and so does the HTTP benchmark,
 * so that it measures the same server.
 *
 * `--max-semi-space-size=32`: a young generation of 32 MB instead of V8's 16 MB. A list page allocates
 * about half a megabyte and most of it dies with the request; with the smaller space the server spent a
 * sixth of its time under load in garbage collection, and a list page served 18 % fewer requests a
 * second (bench/README.md).
 */
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=32'];
