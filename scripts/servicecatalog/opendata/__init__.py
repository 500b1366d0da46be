"""Machine-readable exports: JSON, CSV, CPSV-AP, schema.org, Atom feed and sitemap."""
