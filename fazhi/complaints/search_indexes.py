"""The complaints module's keyed-hash search columns (``fazhi.core.crypto.SearchIndex``): what ``fazhi data-key
rotate-index`` re-computes when the index key changes."""

from fazhi.complaints.services.common import consumer_key
from fazhi.core.crypto import SearchIndex

INDEXES = [
    SearchIndex(
        model="complaints.Complaint",
        field="consumer_key",
        sources=("consumer_phone", "consumer_id_number"),
        compute=lambda consumer_phone, consumer_id_number: consumer_key(
            phone=consumer_phone, id_number=consumer_id_number
        ),
    ),
]
