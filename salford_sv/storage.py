"""The object store for uploaded files when there is more than one machine.

``settings.base`` chooses it when ``AWS_STORAGE_BUCKET_NAME`` is set (docs/operations.md).
"""

from __future__ import annotations

import mimetypes

from storages.backends.s3 import S3Storage


class UploadStorage(S3Storage):
    """django-storages' S3 backend, for files people upload.

    An object's Content-Type follows its name's extension, which the forms have checked
    against the file's first bytes, never the type the browser declared: a link the
    store hands out (the admin's) cannot serve an upload as something else.
    """

    def get_object_parameters(self, name: str) -> dict:
        parameters = super().get_object_parameters(name)
        guessed, _encoding = mimetypes.guess_type(name)
        parameters.setdefault("ContentType", guessed or "application/octet-stream")
        return parameters
