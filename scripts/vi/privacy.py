"""Vietnamese texts for data minimisation (docs/privacy.md): what a volunteer's pages say instead."""

VI = {
    # the member search box of a user who does not see phones and emails: names only
    "Full name — diacritics optional": "Họ tên — gõ có dấu hay không đều được",
}
