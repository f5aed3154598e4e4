'use strict';
// OTLP/HTTP metrics receiver for the KstatOtel tests.
//
// Decodes each POST /v1/metrics body with the OpenTelemetry JS project's generated protobuf code
// (@opentelemetry/otlp-proto-exporter-base 0.51.1, build/src/generated/root.js), an implementation independent of
// the .NET exporter under test, and writes every decoded request as one JSON line.
//
//   node server.js [output-file]
//
// - Listens on 127.0.0.1 on an ephemeral port and prints the bare port number as its first stdout line, so a test
//   can read it before anything else.
// - Decoded requests go to stdout after that line, or to output-file when given (one JSON object per line).
// - Answers 200 with an empty encoded ExportMetricsServiceResponse; 400 with a message when the body does not decode
//   (logged on stderr); 404/405/415 for other paths, methods and content types.
// - Exits when its stdin closes, so a test process that crashes never leaves it running.

const fs = require('node:fs');
const http = require('node:http');
const zlib = require('node:zlib');

let root;
try {
  root = require('@opentelemetry/otlp-proto-exporter-base/build/src/generated/root.js');
} catch (err) {
  process.stderr.write(
    `otlp-receiver: cannot load @opentelemetry/otlp-proto-exporter-base (${err.message}).\n` +
    `Run "npm ci" in ${__dirname} first.\n`);
  process.exit(2);
}

const metricsV1 = root.opentelemetry.proto.collector.metrics.v1;
const Request = metricsV1.ExportMetricsServiceRequest;
const Response = metricsV1.ExportMetricsServiceResponse;
const emptyResponse = Buffer.from(Response.encode(Response.create({})).finish());
const maxBodyBytes = 64 * 1024 * 1024;

// Decoding options: 64-bit integers as decimal strings (exact), enums by name, default values present,
// bytes as base64, and the name of the oneof member that is set (e.g. "value": "asDouble").
const toObjectOptions = { longs: String, enums: String, bytes: String, defaults: true, oneofs: true };

const outputPath = process.argv[2];
const out = outputPath ? fs.createWriteStream(outputPath, { flags: 'a' }) : process.stdout;
let received = 0;

function log(message) {
  process.stderr.write(`otlp-receiver: ${message}\n`);
}

function reply(res, status, contentType, body) {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': body.length });
  res.end(body);
}

function decodeBody(req, body) {
  const encoding = (req.headers['content-encoding'] || 'identity').toLowerCase();
  if (encoding === 'gzip') {
    return zlib.gunzipSync(body, { maxOutputLength: maxBodyBytes });
  }
  if (encoding === 'deflate') {
    return zlib.inflateSync(body, { maxOutputLength: maxBodyBytes });
  }
  if (encoding === 'identity') {
    return body;
  }
  throw new Error(`unsupported Content-Encoding "${encoding}"`);
}

const server = http.createServer((req, res) => {
  const path = (req.url || '').split('?')[0];
  if (path !== '/v1/metrics') {
    reply(res, 404, 'text/plain', Buffer.from(`no handler for ${path}; this receiver accepts POST /v1/metrics\n`));
    req.resume();
    return;
  }
  if (req.method !== 'POST') {
    reply(res, 405, 'text/plain', Buffer.from('only POST is accepted\n'));
    req.resume();
    return;
  }
  const contentType = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  if (contentType !== 'application/x-protobuf') {
    log(`rejected Content-Type "${contentType}"`);
    reply(res, 415, 'text/plain', Buffer.from('only application/x-protobuf is accepted\n'));
    req.resume();
    return;
  }

  const chunks = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > maxBodyBytes) {
      tooLarge = true;
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (tooLarge) {
      log(`rejected a body of ${size} bytes`);
      reply(res, 413, 'text/plain', Buffer.from('body too large\n'));
      return;
    }
    let decoded;
    try {
      const body = decodeBody(req, Buffer.concat(chunks));
      const message = Request.decode(body);
      decoded = Request.toObject(message, toObjectOptions);
    } catch (err) {
      log(`decode failure: ${err.message}`);
      reply(res, 400, 'text/plain', Buffer.from(`cannot decode ExportMetricsServiceRequest: ${err.message}\n`));
      return;
    }
    received += 1;
    out.write(JSON.stringify(decoded) + '\n');
    reply(res, 200, 'application/x-protobuf', emptyResponse);
  });
  req.on('error', (err) => log(`request error: ${err.message}`));
});

server.on('error', (err) => {
  log(`server error: ${err.message}`);
  process.exit(1);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});

function shutdown(reason) {
  log(`${reason}; ${received} request(s) received, exiting`);
  server.close();
  const done = () => process.exit(0);
  if (out !== process.stdout) {
    out.end(done);
  } else {
    process.stdout.write('', done);
  }
  // Never linger on keep-alive connections.
  setTimeout(done, 1000).unref();
}

process.stdin.on('end', () => shutdown('stdin closed'));
process.stdin.on('error', () => shutdown('stdin error'));
process.stdin.resume();
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
