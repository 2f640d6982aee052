"""The object store for uploaded files when there is more than one machine.

``settings.base`` chooses it when ``AWS_STORAGE_BUCKET_NAME`` is set (docs/operations.md).
"""

from __future__ import annotations

import mimetypes

from botocore.config import Config
from storages.backends.s3 import S3Storage

# A store that stops answering costs a request a few seconds, not minutes: botocore's
# own defaults wait 60 seconds to connect and 60 to read, then retry.
TIMEOUTS = Config(
    connect_timeout=3,
    read_timeout=20,
    retries={"mode": "standard", "max_attempts": 3},
)


class UploadStorage(S3Storage):
    """django-storages' S3 backend, for files people upload.

    An object's Content-Type follows its name's extension, which the forms have checked
    against the file's first bytes, never the type the browser declared: a link the
    store hands out (the admin's) cannot serve an upload as something else.
    """

    def __init__(self, **settings):
        chosen = settings.get("client_config") is not None
        super().__init__(**settings)
        if not chosen:
            # Keeps what the backend built from the options (addressing style,
            # signature version, proxies) and adds the timeouts.
            self.client_config = self.client_config.merge(TIMEOUTS)

    def get_object_parameters(self, name: str) -> dict:
        parameters = super().get_object_parameters(name)
        guessed, _encoding = mimetypes.guess_type(name)
        parameters.setdefault("ContentType", guessed or "application/octet-stream")
        return parameters
