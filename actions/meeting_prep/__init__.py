"""Meeting preparation: turn a parent's six answers into questions, tips and an email to send.

Parents are told to prepare for SEN meetings, write questions down and confirm agreements in
writing, but rarely get help doing it. The modules here each do one job: `options` (what the
form asks and how free text maps to answers), `matching` (finding phrases in free text despite
typos), `answers` (checking a full set of answers), `content` (the editable question bank in
content/meeting_prep.yml), `builder` (choosing what fits the answers) and `plan` (showing the
result as chat text or a widget payload).
"""
