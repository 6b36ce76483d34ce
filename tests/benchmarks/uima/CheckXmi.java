import java.io.*;
import java.util.*;
import org.apache.uima.UIMAFramework;
import org.apache.uima.cas.*;
import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.util.CasCreationUtils;
import org.apache.uima.util.XMLInputSource;

/** Reads CAS XMI files with Apache UIMA's own deserializer, as INCEpTION does, and prints
 *  each span's label and covered text (so that UTF-16 offsets are checked by UIMA itself). */
public class CheckXmi {
  public static void main(String[] args) throws Exception {
    for (String path : args) {
      File xmi = new File(path);
      TypeSystemDescription tsd = UIMAFramework.getXMLParser().parseTypeSystemDescription(
          new XMLInputSource(new File(xmi.getParentFile(), "TypeSystem.xml")));
      CAS cas = CasCreationUtils.createCas(tsd, null, null);
      try (InputStream in = new FileInputStream(xmi)) { XmiCasDeserializer.deserialize(in, cas, false); }
      Type span = cas.getTypeSystem().getType("webanno.custom.NewsSpan");
      Type rel = cas.getTypeSystem().getType("webanno.custom.NewsRelation");
      Type tok = cas.getTypeSystem().getType("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token");
      Type sent = cas.getTypeSystem().getType("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence");
      Feature label = span.getFeatureByBaseName("label");
      Feature rlabel = rel.getFeatureByBaseName("label");
      Feature gov = rel.getFeatureByBaseName("Governor"), dep = rel.getFeatureByBaseName("Dependent");
      System.out.println("FILE\t" + path + "\ttokens=" + cas.getAnnotationIndex(tok).size()
          + "\tsentences=" + cas.getAnnotationIndex(sent).size());
      for (AnnotationFS a : cas.getAnnotationIndex(span)) {
        System.out.println("SPAN\t" + a.getStringValue(label) + "\t" + a.getBegin() + "\t" + a.getEnd() + "\t"
            + a.getCoveredText().replace("\n", "\\n").replace("\t", "\\t"));
      }
      for (AnnotationFS a : cas.getAnnotationIndex(rel)) {
        AnnotationFS g = (AnnotationFS) a.getFeatureValue(gov), d = (AnnotationFS) a.getFeatureValue(dep);
        System.out.println("REL\t" + a.getStringValue(rlabel) + "\t" + g.getStringValue(label) + "\t" + d.getStringValue(label));
      }
    }
  }
}
