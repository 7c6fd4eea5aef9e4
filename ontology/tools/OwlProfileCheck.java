// Checks that an ontology file is in the OWL 2 DL profile, using the OWL API bundled in owlready2's HermiT.jar.
// Usage: java -cp HermiT.jar ontology/tools/OwlProfileCheck.java <file>   (Java 11+ single-file source launch)
// Prints one line per profile violation and exits 1 if there is any, 0 otherwise.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println("VIOLATION: " + v);
        }
        System.out.println("axioms: " + ontology.getAxiomCount() + ", in OWL 2 DL: " + report.isInProfile());
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
