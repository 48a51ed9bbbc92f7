# Partner profile: a web partner that takes plain UTF-8 text files.
# Format: doc/partner-profiles.md
name = web-utf8
description = Web partner: plain UTF-8 text, LF line endings, 72 columns

[format]
framing = plain
width = 72
line_ending = LF
charset = utf-8
para_indent = 0
blank_between = 1

[header]
subheadline = yes
byline = yes
dateline = yes
slugline = no
keywords = yes
copyright = yes
usage_terms = yes
ednote = no

[policy]
embargo = hold

[files]
name = {slug}-v{version}.txt

[priority]
map = 1 2 3 4 4 5 5 6 6
default = 4
kill = 1
