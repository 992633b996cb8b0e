"""The paper's measures of a run (Park et al., UIST 2023, section 7): what spread through the town and how."""
