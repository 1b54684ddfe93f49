"""Reference data that extraction, linking and the RDF layer all use: the
national division list (`gazetteer`), the pattern of written posts (`roles`)
and the many-word matcher they are searched with (`matcher`). Nothing here
imports spaCy, jieba or rdflib."""
