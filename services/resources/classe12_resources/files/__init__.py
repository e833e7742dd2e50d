"""Files of resources (plans, media, attachments): stored in GridFS of the resources database,
uploaded and downloaded over the service's own HTTP endpoint, never inside an RPC message.

    gateway ──RPC grant_file_upload / grant_file_download──▶ usecases.Files (a short-lived grant)
    gateway ──HTTP PUT /files, GET /files/<id> (Authorization: Grant <grant>)──▶ endpoint.FileEndpoint

- `usecases`: the RPC use cases (who may upload, read, delete; grants);
- `endpoint`: the HTTP endpoint, plain werkzeug (streamed both ways in 255 KiB chunks);
- `http`: its nameko edge (the mixin the service class inherits, the web server, housekeeping);
- `grants`, `repository`, `chunks`: grants, file entries of resources, GridFS chunks;
- `sniffing`, `svg`, `conditional`, `disposition`: the real type, SVG sanitising, ranges and
  conditional requests, names and Content-Disposition.

Specification of the endpoint: contract/files.openapi.yaml and docs/rpc-protocol.md.
"""
