/** What the repository's Node scripts and the console's browser tests share to start a server of their own. */
import net from 'node:net';

/** A TCP port free on this machine now. */
export const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
