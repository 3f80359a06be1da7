import type { Test } from 'supertest';

/** An export's response read whole as bytes (a CSV or a workbook): `(await binary(req)).body` is a Buffer. */
export const binary = (request: Test): Test =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
