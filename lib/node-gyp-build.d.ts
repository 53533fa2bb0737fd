declare module 'node-gyp-build' {
  /** Loads the addon in `dir`: a matching prebuild, else build/Release. */
  function load(dir: string): unknown;
  export = load;
}
