// Raw HTTP on a socket, for what a client library would refuse to send (a bad head, CONNECT...).
import { connect } from 'node:net';

/** Sends raw bytes to a listening server and resolves with everything it answered. */
export function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (d) => {
      answer += d;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}
