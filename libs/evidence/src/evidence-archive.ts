import { pack as tarPack, extract as tarExtract } from 'tar-stream';
import { Readable } from 'node:stream';

export interface ArchiveFile {
  path: string;
  content: Buffer;
}

/**
 * A plain POSIX tar (any `tar -xf` opens it), written the same way every time: files in the
 * given order, mode 0644, owner 0, one modification time. The verifier writes the files it
 * read back the same way and compares bytes, so no byte of the archive — header, padding or
 * content — can change unnoticed.
 */
export async function packArchive(files: ArchiveFile[], mtime: Date): Promise<Buffer> {
  const pack = tarPack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
  for (const file of files)
    pack.entry(
      {
        name: file.path,
        size: file.content.length,
        mtime: new Date(Math.floor(mtime.getTime() / 1000) * 1000),
        mode: 0o644,
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
        type: 'file',
      },
      file.content,
    );
  pack.finalize();
  return done;
}

/** The files of an archive, in order; refuses anything but plain files. */
export async function readArchive(archive: Buffer): Promise<ArchiveFile[]> {
  const extract = tarExtract();
  const files: ArchiveFile[] = [];
  const reading = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type !== 'file') throw new Error(`not a plain file: ${entry.header.name}`);
      files.push({ path: entry.header.name, content: Buffer.concat(chunks) });
    }
  })();
  Readable.from([archive]).pipe(extract);
  await reading;
  return files;
}
