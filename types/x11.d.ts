// The `x11` package (pure-JS X11 protocol client) ships no type declarations; the X11
// platform code narrows what it uses to its own interfaces.
declare module 'x11' {
  const x11: any;
  export default x11;
}
