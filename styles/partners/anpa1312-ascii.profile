# Partner profile: a legacy ANPA-1312 (7-bit ASCII) wire receiver.
# Format: doc/partner-profiles.md
name = anpa1312-ascii
description = ANPA-1312 wire, 7-bit ASCII with transliteration, 69 columns, CRLF

[format]
framing = anpa1312
width = 69
line_ending = CRLF
charset = ascii
para_indent = 3
blank_between = 0

[header]
subheadline = no
byline = yes
dateline = yes
keywords = no
copyright = no
usage_terms = no
ednote = yes

[policy]
embargo = hold

[files]
name = {seq}.anpa
kill_name = {seq}-kill.anpa

[wire]
; service level designator (1 letter), selector code, sign-off
source = a
selector = npw01
signoff = NPW
keyword_prefix = bc-

[priority]
; ANPA priority codes: f flash, b bulletin, u urgent, r regular, d deferred
map = f b u r r r d d d
default = r
kill = b

[category]
; ANPA category codes (1 letter) by subject
default = i
medtop:01000000 = e
medtop:04000000 = f
medtop:15000000 = s
medtop:13000000 = a
