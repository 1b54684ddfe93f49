"""The kg ontology (kg.ttl), its SHACL shapes (shapes.ttl) and the example
queries (queries/*.rq); installed as the package `kg.ontology`, read through
`kg.rdf.files`."""
