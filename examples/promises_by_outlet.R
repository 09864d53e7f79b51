# How many claims each outlet printed for each of Jack Ma's promises (R).
#
#   Rscript examples/promises_by_outlet.R                # a promise x outlet table
#   Rscript examples/promises_by_outlet.R --tsv          # proposition_id, outlet, claims (non-zero counts only)
#   Rscript examples/promises_by_outlet.R --independent  # proposition_id, outlets stating it in their own words
#
# Promises are the propositions of type "promise"; claim_propositions says
# which claims state each one (relation states or states_differently; a claim
# that only reports on progress is left out), claims gives each claim's
# article and articles its outlet. A claim that copies another article's
# (is_independent false) does not make its outlet a reporter of its own.
# Uses readr only.

suppressPackageStartupMessages(library(readr))
options(width = 200)

script_dir <- function() {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(file_arg) == 0) return(getwd())
  dirname(normalizePath(sub("^--file=", "", file_arg[1])))
}
data_dir <- file.path(script_dir(), "..", "data")
as_tsv <- "--tsv" %in% commandArgs(trailingOnly = TRUE)
independent <- "--independent" %in% commandArgs(trailingOnly = TRUE)

read_table <- function(name) {
  read_csv(file.path(data_dir, paste0(name, ".csv")), col_types = cols(.default = col_character()),
           na = "", locale = locale(encoding = "UTF-8"), trim_ws = FALSE, progress = FALSE)
}
propositions <- read_table("propositions")
links <- read_table("claim_propositions")
claims <- read_table("claims")
articles <- read_table("articles")

promises <- propositions[propositions$proposition_type == "promise", c("proposition_id", "statement_en")]
stating <- links[links$relation %in% c("states", "states_differently"), ]
rows <- merge(promises, stating[, c("proposition_id", "claim_id", "is_independent")], by = "proposition_id")
rows <- merge(rows, claims[, c("claim_id", "article_id")], by = "claim_id")
rows <- merge(rows, articles[, c("article_id", "outlet")], by = "article_id")

if (nrow(rows) == 0) {
  cat("No claim states a promise yet.\n")
  quit(status = 0)
}
counts <- table(proposition_id = rows$proposition_id, outlet = rows$outlet)

if (independent) {
  own <- unique(rows[rows$is_independent == "true", c("proposition_id", "outlet")])
  outlets <- aggregate(outlet ~ proposition_id, data = own, FUN = length)
  names(outlets) <- c("proposition_id", "independent_outlets")
  outlets <- outlets[order(-outlets$independent_outlets, outlets$proposition_id), ]
  write.table(outlets, stdout(), sep = "\t", quote = FALSE, row.names = FALSE)
} else if (as_tsv) {
  long <- as.data.frame(counts, stringsAsFactors = FALSE, responseName = "claims")
  long <- long[long$claims > 0, ]
  long <- long[order(long$proposition_id, long$outlet), ]
  write.table(long, stdout(), sep = "\t", quote = FALSE, row.names = FALSE)
} else {
  cat("Claims stating each of Jack Ma's promises, per outlet\n\n")
  print(addmargins(counts))
  missing <- setdiff(promises$proposition_id, rownames(counts))
  if (length(missing) > 0) cat("\nPromises no claim states:", paste(missing, collapse = ", "), "\n")
}
