"""The publication list (公示): penalty decisions for publication, personal data removed."""

from app.publication.export import export_publication, publication_rows
from app.publication.redact import mask_id_numbers, person_name, publish_party, redact_text

__all__ = ["export_publication", "mask_id_numbers", "person_name", "publication_rows", "publish_party",
           "redact_text"]
